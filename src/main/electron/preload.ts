// The preload: runs sandboxed, before the page, and gives the page exactly one thing,
// `window.qyzmet` (BridgeApi): `invoke` for API calls and `on` for pushed events. The page never
// sees ipcRenderer, Node or Electron; it can reach only the two qyzmet:* channels through these
// functions. Bundled by src/main/build.mjs to dist/main/preload.cjs; in a sandboxed preload only
// `electron` may be required, so nothing here may import Node modules or runtime code.
import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeApi, EventName } from '../../shared/api/contract';

const INVOKE_CHANNEL = 'qyzmet:invoke';
const EVENT_CHANNEL = 'qyzmet:event';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of [...(listeners.get(name) ?? [])]) {
    try {
      listener(payload);
    } catch (error) {
      console.error(`qyzmet: a listener for ${name} failed`, error);
    }
  }
});

const bridge: BridgeApi = {
  invoke(method: string, input: unknown) {
    if (typeof method !== 'string') return Promise.reject(new TypeError('qyzmet.invoke: method must be a string'));
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, input);
  },
  on(event: EventName, listener: (payload: unknown) => void) {
    if (typeof event !== 'string' || typeof listener !== 'function') {
      throw new TypeError('qyzmet.on: expected an event name and a listener function');
    }
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('qyzmet', bridge);
