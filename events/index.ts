export * from './vocabulary.js';
export * from './catalog.js';
export * from './upcasters.js';
export * from './deployment.events.js';
export * from './school.events.js';
export * from './sle.events.js';
export * from './review.events.js';
export * from './user.events.js';
