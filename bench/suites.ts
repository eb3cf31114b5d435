import { registerBench } from './index.js';

// One line per benchmark module; each exports `run()`.
// (Modules are added here as the stages they measure land.)
void registerBench;
registerBench('evaluate', () => import('./evaluate.js'));
registerBench('evaluate-study', () => import('./evaluate-study.js'));
registerBench('models', () => import('./models.js'));
registerBench('embedders', () => import('./embedders.js'));
registerBench('image-features', () => import('./image-features.js'));
registerBench('describe', () => import('./describe.js'));
registerBench('hdbscan', () => import('./hdbscan.js'));
registerBench('reduce', () => import('./reduce.js'));
registerBench('web', () => import('./web.js'));
registerBench('umap-quality', () => import('./umap-quality.js'));
