-- A suggestion's reason as a template key with its figures, {"key": "...", "args": {...}}, so
-- that every client words it in its user's language. The English text stays in reason: the
-- notifications, the language model's prompt and rows from before read it.
ALTER TABLE suggestions ADD COLUMN reason_template jsonb;
