// The baseline for the first-load size: a bare React page, built by the same Vite in the same run.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<p>Hello</p>);
