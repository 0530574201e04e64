DROP TABLE IF EXISTS action_items;
