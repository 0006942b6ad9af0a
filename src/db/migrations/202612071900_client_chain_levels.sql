-- A client's chain pages by itself when an incident is linked to the client: the order of its
-- levels (strategist, PM, lead developer by default) and each level's timeout live on the client.
ALTER TABLE clients
  ADD COLUMN chain_levels jsonb NOT NULL DEFAULT
    '[{"role": "strategist", "timeoutMinutes": 15}, {"role": "pm", "timeoutMinutes": 15}, {"role": "lead-developer", "timeoutMinutes": 15}]';
