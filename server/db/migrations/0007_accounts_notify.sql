-- Account changes are announced on 'tongchou_accounts' so every server instance forgets the token
-- owners it cached (server/modules/auth/tokens.ts): any change to a user or a token, except the
-- sign-in bookkeeping (failed logins, lock, last sign-in) and a token's last use. One notice per
-- transaction (PostgreSQL folds identical ones), delivered after the commit.
CREATE OR REPLACE FUNCTION tongchou_accounts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tongchou_accounts', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_accounts_changed AFTER UPDATE ON users FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'failed_logins' - 'locked_until' - 'last_login_at')
    IS DISTINCT FROM (to_jsonb(NEW) - 'failed_logins' - 'locked_until' - 'last_login_at'))
  EXECUTE FUNCTION tongchou_accounts_changed();
--> statement-breakpoint
CREATE TRIGGER users_accounts_deleted AFTER DELETE ON users FOR EACH ROW
  EXECUTE FUNCTION tongchou_accounts_changed();
--> statement-breakpoint
CREATE TRIGGER api_tokens_accounts_changed AFTER UPDATE ON api_tokens FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))
  EXECUTE FUNCTION tongchou_accounts_changed();
--> statement-breakpoint
CREATE TRIGGER api_tokens_accounts_deleted AFTER DELETE ON api_tokens FOR EACH ROW
  EXECUTE FUNCTION tongchou_accounts_changed();
