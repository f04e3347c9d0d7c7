import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { preload } from './lib/preload.ts';

// Booting straight onto the dashboard (a bookmark, a reload): ask for its report right away.
// The query must equal the page's first one (pages/evaluation: telemarketing, all history).
try {
  if (location.pathname === '/evaluation' && localStorage.getItem('yunhu.session') === '1') {
    preload('/api/evaluation', { scenario: 'telemarketing', from: undefined, to: undefined });
  }
} catch {
  // No storage: no preload.
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
