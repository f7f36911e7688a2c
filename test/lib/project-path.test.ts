import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath, projectRoot } from '../../lib/project-path.js';

describe('projectPath', () => {
  it('puts relative paths under the project root and keeps absolute ones', () => {
    expect(existsSync(join(projectRoot(), 'package.json'))).toBe(true);
    expect(projectPath('.data/postgres')).toBe(join(projectRoot(), '.data/postgres'));
    expect(projectPath('/var/spool/letters')).toBe('/var/spool/letters');
  });
});
