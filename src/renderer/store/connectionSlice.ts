// The link between this window and the workstation service (IPC or the browser host's socket).
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ConnectionState } from '../api/client';

export interface ConnectionSliceState {
  state: ConnectionState;
  /** True once the link was lost at least once (the session on the service side is then gone). */
  wasLost: boolean;
}

const initialState: ConnectionSliceState = { state: 'connecting', wasLost: false };

const connectionSlice = createSlice({
  name: 'connection',
  initialState,
  reducers: {
    connectionChanged(state, action: PayloadAction<ConnectionState>) {
      state.state = action.payload;
      if (action.payload === 'lost') state.wasLost = true;
    },
  },
});

export const { connectionChanged } = connectionSlice.actions;
export default connectionSlice.reducer;
