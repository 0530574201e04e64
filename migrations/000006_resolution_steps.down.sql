DROP TABLE IF EXISTS resolution_steps;
