import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../../platform/language/index.ts';
import { incidentKindWords } from './contact-type.ts';

describe("an incident's kind", () => {
  it('is worded from its contact type, keeping a recorded detail after it, and shown as written when unknown', () => {
    withLanguage('cy', () => {
      expect(incidentKindWords('police-call-out', 'Police call-out')).not.toContain('Police');
      const detailed = incidentKindWords('police-call-out', 'Police call-out: assault');
      expect(detailed.endsWith(': assault')).toBe(true);
      expect(detailed).not.toContain('Police call-out');
      expect(incidentKindWords(null, 'Police call-out: assault')).toBe(detailed);
      expect(incidentKindWords(null, 'Neighbour dispute')).toBe('Neighbour dispute');
    });
  });
});
