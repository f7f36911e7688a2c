import { describe, expect, it } from 'vitest';
import { grid, table } from '../../cli/output.js';

describe('CLI tables', () => {
  it('align columns as a terminal shows them, a Chinese character taking two columns', () => {
    expect(grid(['slot', 'centre', 'free'], [[1, '上海浦东服务中心', 3], [12, 'London Park Royal', 0]]).split('\n')).toEqual([
      'slot  centre             free',
      '   1  上海浦东服务中心      3',
      '  12  London Park Royal     0',
    ]);
    expect(table([['来源', 'dealer-walk-in'], ['source code', 'MAG-07']])).toBe('来源         dealer-walk-in\nsource code  MAG-07');
  });
});
