export * from './errors';
export * from './validation';
export * from './opd';
export * from './meeting';
export * from './auth';
export * from './events';
export * from './api';
export * from './queue';
