// What the workstation service said about itself at start (state, version, locale, idle lock),
// and the language the UI is shown in.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { AppStatus } from '../../shared/api/contract';
import type { Locale } from '../../shared/validation';

export type AppPhase = 'loading' | 'first_run' | 'ready' | 'database_error';

export interface AppSliceState {
  phase: AppPhase;
  status: AppStatus | null;
  locale: Locale;
  idleLockMinutes: number;
}

export function initialAppState(locale: Locale): AppSliceState {
  return { phase: 'loading', status: null, locale, idleLockMinutes: 10 };
}

const appSlice = createSlice({
  name: 'app',
  initialState: initialAppState('kk'),
  reducers: {
    statusLoaded(state, action: PayloadAction<AppStatus>) {
      state.status = action.payload;
      state.phase = action.payload.state;
      state.idleLockMinutes = action.payload.idleLockMinutes;
    },
    phaseChanged(state, action: PayloadAction<AppPhase>) {
      state.phase = action.payload;
    },
    localeChanged(state, action: PayloadAction<Locale>) {
      state.locale = action.payload;
    },
    idleLockChanged(state, action: PayloadAction<number>) {
      state.idleLockMinutes = action.payload;
    },
  },
});

export const { statusLoaded, phaseChanged, localeChanged, idleLockChanged } = appSlice.actions;
export default appSlice.reducer;
