-- Issue 16, part B: partner admins and notifications. V9 and V11 are the mail lane's.

-- A partner's users see (and change) only their own partner's users, as partners, opportunities and
-- commissions already are scoped: a partner admin manages its team in SQL, never another partner's.
-- Vendor users (no app.current_partner_id) and login (organization-wide) see every user of the tenant.
DROP POLICY users_tenant ON users;
CREATE POLICY users_tenant ON users
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid))
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid));
