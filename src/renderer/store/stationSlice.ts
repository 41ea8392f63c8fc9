// The workstation's links to the outside: the central server and the signing token.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { StationStatus } from '../../shared/api/contract';

export interface StationSliceState {
  status: StationStatus | null;
}

const initialState: StationSliceState = { status: null };

const stationSlice = createSlice({
  name: 'station',
  initialState,
  reducers: {
    stationChanged(state, action: PayloadAction<StationStatus | null>) {
      state.status = action.payload;
    },
  },
});

export const { stationChanged } = stationSlice.actions;
export default stationSlice.reducer;
