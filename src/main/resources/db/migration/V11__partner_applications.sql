-- Issue 16 (part A): partner recruitment. Applications arrive through a tenant's public form; a vendor user
-- approves one (a partner in status onboarding and an invitation of its first partner admin) or rejects it
-- with a reason. The partner becomes active once its admin has accepted the program agreement; each
-- acceptance is kept: who, which version, the SHA-256 of the text read, when.
CREATE TABLE partner_applications (
  id               uuid NOT NULL PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  company_name     text NOT NULL CHECK (length(company_name) BETWEEN 1 AND 200),
  contact_name     text NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 200),
  contact_email    text NOT NULL CHECK (length(contact_email) BETWEEN 3 AND 254),
  partner_type     text NOT NULL CHECK (length(partner_type) BETWEEN 1 AND 64),
  website          text CHECK (length(website) <= 2048),
  message          text CHECK (length(message) <= 2000),
  custom_fields    jsonb NOT NULL DEFAULT '{}',
  status           text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'rejected')),
  rejection_reason text CHECK (length(rejection_reason) <= 2000),
  reviewed_by      uuid,
  reviewed_at      timestamptz,
  partner_id       uuid,
  invitation_id    uuid,
  created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, reviewed_by) REFERENCES users (organization_id, id),
  FOREIGN KEY (organization_id, partner_id) REFERENCES partners (organization_id, id),
  FOREIGN KEY (organization_id, invitation_id) REFERENCES invitations (organization_id, id)
);
CREATE INDEX partner_applications_by_created ON partner_applications (organization_id, created_at DESC, id DESC);
ALTER TABLE partner_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_applications FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_applications_tenant ON partner_applications
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON partner_applications TO ${app_role};

CREATE TABLE partner_agreement_acceptances (
  id               uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  partner_id       uuid NOT NULL,
  user_id          uuid NOT NULL,
  version          text NOT NULL CHECK (length(version) BETWEEN 1 AND 50),
  text_sha256      text NOT NULL,
  accepted_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (organization_id, partner_id, version),
  FOREIGN KEY (organization_id, partner_id) REFERENCES partners (organization_id, id),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
ALTER TABLE partner_agreement_acceptances ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_agreement_acceptances FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_agreement_acceptances_tenant ON partner_agreement_acceptances
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid))
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid));
GRANT SELECT, INSERT ON partner_agreement_acceptances TO ${app_role};
