export * from './errors.js';
export * from './limits.js';
export * from './validators.js';
export * from './models.js';
export * from './auth.dto.js';
export * from './users.dto.js';
export * from './events.js';
export * from './social.dto.js';
