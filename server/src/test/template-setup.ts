import { inject } from 'vitest';
import { setRunTemplate } from './database';

// The run's migrated database template (global-setup.ts), handed to the harness before each file. The
// harness does not import vitest itself: the benchmark reuses it outside vitest, where that import throws.
setRunTemplate(inject('testDatabaseTemplate'));
