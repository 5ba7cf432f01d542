// Integration and e2e files run with the test environment's defaults (NODE_ENV=test).
process.env.NODE_ENV = 'test';
