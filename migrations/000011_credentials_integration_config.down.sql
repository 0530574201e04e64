DROP TABLE IF EXISTS integration_config;
DROP TABLE IF EXISTS credentials;
