// Who is signed in on this window/tab, whether the screen is locked, and a note for the sign-in
// screen about why the person is back there (locked out, connection lost, signed out elsewhere).
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { SessionInfo } from '../../shared/api/contract';

export interface SessionNotice {
  code: string;
  params?: Record<string, string | number>;
}

export interface SessionSliceState {
  current: SessionInfo | null;
  /** False until the service has been asked (avoids flashing the sign-in screen). */
  known: boolean;
  notice: SessionNotice | null;
}

const initialState: SessionSliceState = { current: null, known: false, notice: null };

const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {
    sessionChanged(state, action: PayloadAction<SessionInfo | null>) {
      state.current = action.payload;
      state.known = true;
      if (action.payload) state.notice = null;
    },
    screenLocked(state) {
      if (state.current) state.current.locked = true;
    },
    noticeShown(state, action: PayloadAction<SessionNotice | null>) {
      state.notice = action.payload;
    },
  },
});

export const { sessionChanged, screenLocked, noticeShown } = sessionSlice.actions;
export default sessionSlice.reducer;
