-- Person dimension: one row per linked person, pseudonymous attributes only.
CREATE OR REPLACE TABLE dim_person AS
WITH observed AS (
    SELECT person_key, sex, birth_year, residence_dept, contact_on AS seen_on, partner_id FROM stg_peer_contacts
    UNION ALL SELECT person_key, sex, birth_year, residence_dept, sequence_start_on, partner_id FROM stg_hospital_stays
    UNION ALL SELECT person_key, sex, birth_year, residence_dept, assessed_on, partner_id FROM stg_outcome_assessments
    UNION ALL SELECT person_key, sex, birth_year, residence_dept, event_on, partner_id FROM stg_rights_events
), resolved AS (
    SELECT m.person_key, o.sex, o.birth_year, o.residence_dept, o.seen_on, o.partner_id
    FROM observed o JOIN map_person_link m ON m.source_key = o.person_key
)
SELECT row_number() OVER (ORDER BY person_key)                                     AS person_sk,
       person_key,
       -- the most frequent sex; a tie goes to the first code in order, whatever order rows come in
       arg_max(sex, (sex_count, sex)) FILTER (WHERE sex IS NOT NULL)               AS sex,
       min(birth_year)                                                             AS birth_year,
       arg_max(residence_dept, (seen_on, residence_dept))
           FILTER (WHERE residence_dept IS NOT NULL AND seen_on IS NOT NULL)        AS residence_dept,
       min(seen_on)                                                                AS first_seen_on,
       count(DISTINCT partner_id)                                                  AS partners_count
FROM (SELECT *, count(*) OVER (PARTITION BY person_key, sex) AS sex_count FROM resolved)
GROUP BY person_key;
COMMENT ON TABLE dim_person IS 'People followed, after cross-partner linkage; pseudonymous (keyed hash), no direct identifier';
COMMENT ON COLUMN dim_person.person_sk IS 'Surrogate key';
COMMENT ON COLUMN dim_person.person_key IS 'HMAC-SHA-256 pseudonym of the NIR (or of identity traits, or of a partner pseudonym)';
COMMENT ON COLUMN dim_person.sex IS 'M or F';
COMMENT ON COLUMN dim_person.birth_year IS 'Year of birth';
COMMENT ON COLUMN dim_person.residence_dept IS 'Département of residence at the most recent record, COG code';
COMMENT ON COLUMN dim_person.first_seen_on IS 'Date of the first record of any kind';
COMMENT ON COLUMN dim_person.partners_count IS 'Number of partners that reported this person';
