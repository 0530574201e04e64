-- Confluence settings the seed's integration_config lacks: the deployment (Cloud: email in
-- username + API token over Basic; Data Center: personal access token over Bearer) and the
-- optional parent page new pages go under. The token itself is in credentials, sealed.
ALTER TABLE integration_config ADD COLUMN deployment TEXT
    CHECK(deployment IS NULL OR deployment IN ('cloud','datacenter'));
ALTER TABLE integration_config ADD COLUMN parent_id TEXT;
