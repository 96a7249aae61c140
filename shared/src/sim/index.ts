/**
 * The hall-day simulator (brief §10): a seeded discrete-event simulation of one demo-hall
 * day through the real domain code, for each dispatch policy, with queueing-theory
 * comparison figures and a chart. Pure like the domain: no Node, no clock, no Math.random.
 */
export * from './arrivals.ts';
export * from './chart.ts';
export * from './engine.ts';
export * from './prng.ts';
export * from './queueing.ts';
export * from './report.ts';
export * from './scenario.ts';
