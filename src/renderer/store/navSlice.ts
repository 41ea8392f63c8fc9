// Which page of the shell is open, and which request is open over the queue. Kept in the store so a
// screen lock does not lose them.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { sessionChanged } from './sessionSlice';

export const PAGES = ['queue', 'newRequest', 'registry', 'journals', 'reports', 'sync', 'settings'] as const;
export type PageId = (typeof PAGES)[number];

export interface NavSliceState {
  page: PageId;
  /** The request whose page is open (over the queue), or null for the queue itself. */
  openRequestId: string | null;
}

const initialState: NavSliceState = { page: 'queue', openRequestId: null };

const navSlice = createSlice({
  name: 'nav',
  initialState,
  reducers: {
    pageOpened(state, action: PayloadAction<PageId>) {
      state.page = action.payload;
      state.openRequestId = null;
    },
    /** Opens a request's page (e.g. from the queue, or after the intake registered it). */
    requestOpened(state, action: PayloadAction<string>) {
      state.page = 'queue';
      state.openRequestId = action.payload;
    },
    /** Back from a request's page to the queue. */
    requestClosed(state) {
      state.openRequestId = null;
    },
  },
  extraReducers: (builder) => {
    // Whoever signs in next starts at the queue, not on someone else's open request.
    builder.addCase(sessionChanged, (state, action) => {
      if (!action.payload) state.openRequestId = null;
    });
  },
});

export const { pageOpened, requestOpened, requestClosed } = navSlice.actions;
export default navSlice.reducer;
