import { HttpException } from '@nestjs/common';
import { bodyShapeProblem, MAX_BODY_DEPTH, MAX_BODY_VALUES } from './request-body-limits.js';

const answer = (body: unknown) => {
  const problem = bodyShapeProblem(body);
  return problem instanceof HttpException ? [problem.getStatus(), problem.getResponse()] : undefined;
};

/** `levels` objects inside one another, as JSON.parse would make them. */
const nested = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`);

describe('the shape of a parsed body', () => {
  it('lets through bodies as requests make them', () => {
    expect(answer({ attendees: [{ name: 'Jo', role: 'Head' }], daysCommissioned: 5 })).toBeUndefined();
    expect(answer(undefined)).toBeUndefined();
    expect(answer({ note: '__proto__', constructorName: 'x', list: ['constructor'] })).toBeUndefined();
  });

  it(`refuses nesting beyond ${MAX_BODY_DEPTH} levels with a 400 naming the body`, () => {
    expect(answer(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(answer(nested(MAX_BODY_DEPTH + 1))).toEqual([
      400,
      expect.objectContaining({ fields: { body: [`is nested more than ${MAX_BODY_DEPTH} levels deep`] } }),
    ]);
  });

  it('checks 100,000 levels without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(answer(deep)?.[0]).toBe(400);
  });

  it(`refuses more than ${MAX_BODY_VALUES} values with a 413`, () => {
    expect(answer({ list: Array(MAX_BODY_VALUES - 1).fill(0) })).toBeUndefined();
    expect(answer({ list: Array(MAX_BODY_VALUES).fill(0) })).toEqual([
      413,
      expect.objectContaining({ fields: { body: [`holds more than ${MAX_BODY_VALUES} values`] } }),
    ]);
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"isAdmin":true}}', '__proto__'],
    ['constructor at the top', '{"name":"x","constructor":{"prototype":{"x":1}}}', 'constructor'],
    ['prototype at the top', '{"prototype":1}', 'prototype'],
    ['constructor inside an array item', '{"attendees":[{"name":"Jo"},{"constructor":1}]}', 'attendees.1.constructor'],
    ['__proto__ deep down', '{"a":{"b":{"__proto__":null}}}', 'a.b.__proto__'],
  ])('names %s as not a known field', (_label, json, path) => {
    expect(answer(JSON.parse(json))).toEqual([
      400,
      expect.objectContaining({
        message: [`${path}: is not a known field`],
        fields: { [path]: ['is not a known field'] },
      }),
    ]);
  });
});
