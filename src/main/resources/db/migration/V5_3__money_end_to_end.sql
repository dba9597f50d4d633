-- Money end to end (issue 13). A commission is at most the whole deal (rates are at most 100%) plus the
-- rule's bonus, each at most 9999999999999999.99: the ledger holds twice that, 17 integer digits, and so
-- does an adjustment (negative for a clawback). Every rule the API accepts can then be recorded.
ALTER TABLE commissions ALTER COLUMN amount TYPE numeric(19, 2);

-- Amounts in a stored breakdown become the decimal strings the API shows ("1234.50"; an exact line keeps
-- its extra digits), like the rows written from now on. The owner runs this: FORCE would hide every row.
CREATE FUNCTION pg_temp.money_text(value jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(value) IS DISTINCT FROM 'number' THEN value
              WHEN scale(trim_scale(value::text::numeric)) < 2 THEN to_jsonb(round(value::text::numeric, 2)::text)
              ELSE to_jsonb(trim_scale(value::text::numeric)::text) END
$$;
ALTER TABLE commissions NO FORCE ROW LEVEL SECURITY;
UPDATE commissions SET breakdown = CASE kind
  WHEN 'commission' THEN jsonb_build_object(
    'lines', coalesce((SELECT jsonb_agg(line || jsonb_build_object('base', pg_temp.money_text(line -> 'base'),
                                                                   'commission', pg_temp.money_text(line -> 'commission'))
                                        ORDER BY n)
                       FROM jsonb_array_elements(breakdown -> 'lines') WITH ORDINALITY AS l (line, n)), '[]'::jsonb),
    'total', pg_temp.money_text(breakdown -> 'total'))
  ELSE breakdown || jsonb_build_object('owed', pg_temp.money_text(breakdown -> 'owed'),
                                       'paidSoFar', pg_temp.money_text(breakdown -> 'paidSoFar')) END;
-- rows written when created_at and updated_at came from two clocks (clock_timestamp() and now())
UPDATE commissions SET updated_at = created_at WHERE updated_at < created_at;
ALTER TABLE commissions FORCE ROW LEVEL SECURITY;
DROP FUNCTION pg_temp.money_text(jsonb);
