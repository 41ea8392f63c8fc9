// The renderer's entry: language first (so nothing shows untranslated), then the store, the link
// to the workstation service, and the UI.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { getClient } from './api/client';
import { App } from './App';
import i18n, { initI18n, rememberedLocale } from './i18n';
import { createStore } from './store';
import { connectClient } from './store/actions';
import './styles.css';

const locale = rememberedLocale();
initI18n(locale);
const store = createStore(locale);
connectClient(getClient(), store);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <Provider store={store}>
          <App />
        </Provider>
      </I18nextProvider>
    </StrictMode>,
  );
}
