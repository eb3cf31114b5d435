import { buildReportClient } from '../src/report/client-bundle.js';

// Part of `npm run build`: report.html's explorer script, bundled once for dist/.
await buildReportClient('dist/report/report-client.js');
