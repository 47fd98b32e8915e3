import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prepareRecord, type PersonRecord } from './matching/index.ts';
import { judgePair } from './service.ts';
import { SERVICE_MODEL, SERVICE_PARAMETERS, serviceModel } from './service-model.ts';

const rec = (r: Partial<PersonRecord>): ReturnType<typeof prepareRecord> => prepareRecord({ id: 'x', ...r });
const kelly = { firstName: 'Kelly', surname: 'Marsh', dob: '1988-03-07', sex: 'f', postcode: 'NS1 4AB' };

describe('the service model with the engine', () => {
  it('suggests a near-certain match, queues an uncertain one, and keeps twins and a parent and child apart', () => {
    expect(
      judgePair(
        rec({ firstName: 'Jonathan', surname: 'Smith', dob: '1979-12-01', sex: 'm', postcode: 'NS3 2LP' }),
        rec({ firstName: 'Jon', surname: 'Smyth', dob: '1979-12-01', sex: 'm', postcode: 'NS3 2LP' }),
      ).decision,
    ).toBe('link');
    expect(judgePair(rec(kelly), rec({ ...kelly, surname: 'Hartley', postcode: 'NS9 3XY' })).decision).toBe('review');
    expect(judgePair(rec({ ...kelly, firstName: 'Chloe' }), rec({ ...kelly, firstName: 'Sophie' })).decision).toBe(
      'distinct',
    );
    expect(judgePair(rec(kelly), rec({ ...kelly, firstName: 'Tyler', dob: '2016-05-02', sex: 'm' })).decision).toBe(
      'distinct',
    );
    expect(
      judgePair(
        rec(kelly),
        rec({ firstName: 'Amir', surname: 'Haddad', dob: '1970-10-10', sex: 'm', postcode: 'NS7 1AA' }),
      ).decision,
    ).toBe('distinct');
  });

  it('is symmetric, and an added disagreeing field never raises the weight', () => {
    const name = fc.constantFrom('Kelly', 'Kelli', 'Kate', 'Jon', 'Jonathan', 'Sophie', 'Chloe');
    const surname = fc.constantFrom('Marsh', 'Marsch', 'Hartley', 'Smith', 'Smyth');
    const dob = fc.constantFrom('1988-03-07', '1988-07-03', '1989-03-07', '1979-12-01');
    const postcode = fc.constantFrom('NS1 4AB', 'NS1 4AD', 'NS9 3XY', null);
    const record = fc.record({ firstName: name, surname, dob, postcode });
    fc.assert(
      fc.property(record, record, (a, b) => {
        const ab = judgePair(rec(a), rec(b));
        const ba = judgePair(rec(b), rec(a));
        expect(ab.weight).toBeCloseTo(ba.weight, 9);
        expect(ab.decision).toBe(ba.decision);
        const withSexes = judgePair(rec({ ...a, sex: 'f' }), rec({ ...b, sex: 'm' }));
        expect(withSexes.weight).toBeLessThanOrEqual(ab.weight + 1e-9);
      }),
    );
  });

  it('scores with the parameters fitted and saved by the benchmark run, and hand-set ones only where that run had no data', () => {
    const fitted = SERVICE_PARAMETERS.comparisons;
    expect(fitted.map((c) => c.name)).toEqual(expect.arrayContaining(['firstName', 'surname', 'dob', 'place']));
    for (const c of fitted) {
      const k = SERVICE_MODEL.comparisons.findIndex((x) => x.name === c.name);
      expect(SERVICE_MODEL.m[k]).toEqual(c.m);
      expect(SERVICE_MODEL.u[k]).toEqual(c.u);
    }
    const nhs = SERVICE_MODEL.comparisons.findIndex((x) => x.name === 'nhsNumber');
    expect(fitted.some((c) => c.name === 'nhsNumber')).toBe(false);
    expect(SERVICE_MODEL.m[nhs]).toEqual([0.97, 0.02, 0.01]);
    // Other saved parameters give another score: the service really reads them.
    const dob = fitted.findIndex((c) => c.name === 'dob');
    const weaker = {
      ...SERVICE_PARAMETERS,
      comparisons: fitted.map((c, i) => (i === dob ? { ...c, m: c.m.map(() => 1 / c.m.length) } : c)),
    };
    expect(serviceModel(weaker).m[SERVICE_MODEL.comparisons.findIndex((x) => x.name === 'dob')]?.[0]).toBeCloseTo(
      1 / 7,
    );
    // Parameters fitted for other levels would score nonsense: refused.
    const changed = {
      ...SERVICE_PARAMETERS,
      comparisons: fitted.map((c, i) => (i === dob ? { ...c, levels: c.levels.slice(1) } : c)),
    };
    expect(() => serviceModel(changed)).toThrow(/levels of "dob" have changed/);
  });
});
