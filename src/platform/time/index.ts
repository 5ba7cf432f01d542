export * from './hanoi-time';
