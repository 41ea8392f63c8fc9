// Which page of the shell is open. Kept in the store so a screen lock does not lose it.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export const PAGES = ['queue', 'newRequest', 'registry', 'journals', 'reports', 'settings'] as const;
export type PageId = (typeof PAGES)[number];

export interface NavSliceState {
  page: PageId;
}

const initialState: NavSliceState = { page: 'queue' };

const navSlice = createSlice({
  name: 'nav',
  initialState,
  reducers: {
    pageOpened(state, action: PayloadAction<PageId>) {
      state.page = action.payload;
    },
  },
});

export const { pageOpened } = navSlice.actions;
export default navSlice.reducer;
