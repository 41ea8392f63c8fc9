// The registry lookup's purpose, remembered between lookups for as long as the same person is
// signed in (the audit log records it with every lookup); forgotten at sign-out.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { sessionChanged } from './sessionSlice';

export interface RegistrySliceState {
  purpose: string;
  /** Whose purpose it is (staff id): another person signing in starts with an empty one. */
  owner: string | null;
}

const initialState: RegistrySliceState = { purpose: '', owner: null };

const registrySlice = createSlice({
  name: 'registry',
  initialState,
  reducers: {
    purposeChanged(state, action: PayloadAction<string>) {
      state.purpose = action.payload;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(sessionChanged, (state, action) => {
      const owner = action.payload?.staffId ?? null;
      if (owner !== state.owner) {
        state.purpose = '';
        state.owner = owner;
      }
    });
  },
});

export const { purposeChanged } = registrySlice.actions;
export default registrySlice.reducer;
