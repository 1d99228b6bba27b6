"""Demo workspace data (Northwind Goods): conversations, articles, playbook. Loaded by assist.demo_workspace."""
