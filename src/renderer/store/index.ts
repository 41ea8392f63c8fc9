// The renderer's Redux store.
import { configureStore } from '@reduxjs/toolkit';
import { useDispatch, useSelector } from 'react-redux';
import type { Locale } from '../../shared/validation';
import appReducer, { initialAppState } from './appSlice';
import connectionReducer from './connectionSlice';
import navReducer from './navSlice';
import registryReducer from './registrySlice';
import sessionReducer from './sessionSlice';
import stationReducer from './stationSlice';

export function createStore(locale: Locale) {
  return configureStore({
    reducer: {
      app: appReducer,
      session: sessionReducer,
      station: stationReducer,
      connection: connectionReducer,
      nav: navReducer,
      registry: registryReducer,
    },
    preloadedState: { app: initialAppState(locale) },
  });
}

export type AppStore = ReturnType<typeof createStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];

export const useAppDispatch = useDispatch.withTypes<AppDispatch>();
export const useAppSelector = useSelector.withTypes<RootState>();
