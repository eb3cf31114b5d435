import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../../src/web/client/router.js';

describe('hash routes', () => {
  it('keeps ids with slashes, spaces and markup as one segment', () => {
    for (const id of ['flood/img-001.jpg', 'a b', '<img src=x onerror=alert(1)>', '../../etc/passwd', '100%']) {
      const route = parseRoute(href(['image', id], { page: 2 }));
      expect(route.path).toEqual(['image', id]);
      expect(route.params.get('page')).toBe('2');
    }
    expect(parseRoute('').path).toEqual([]);
    expect(parseRoute('#/cluster/3/-1?offset=24').path).toEqual(['cluster', '3', '-1']);
    expect(parseRoute('#/image/%E0%A4%A').path).toEqual(['image', '%E0%A4%A']);
    expect(href(['map'], { q: '', c: undefined })).toBe('#/map');
  });
});
