-- Person dimension: one row per linked person, pseudonymous attributes only.
CREATE OR REPLACE TABLE dim_person AS
WITH resolved AS (
    SELECT m.person_key, s.sex, s.birth_year, s.residence_dept, s.contact_on, s.partner_id
    FROM stg_peer_contacts s
    JOIN map_person_link m ON m.source_key = s.person_key
)
SELECT row_number() OVER (ORDER BY person_key)                       AS person_sk,
       person_key,
       mode(sex)                                                     AS sex,
       min(birth_year)                                               AS birth_year,
       arg_max(residence_dept, contact_on) FILTER (WHERE residence_dept IS NOT NULL) AS residence_dept,
       min(contact_on)                                               AS first_seen_on,
       count(DISTINCT partner_id)                                    AS partners_count
FROM resolved
GROUP BY person_key;
COMMENT ON TABLE dim_person IS 'People followed, after cross-partner linkage; pseudonymous (keyed hash), no direct identifier';
COMMENT ON COLUMN dim_person.person_sk IS 'Surrogate key';
COMMENT ON COLUMN dim_person.person_key IS 'HMAC-SHA-256 pseudonym of the NIR (or of identity traits without NIR)';
COMMENT ON COLUMN dim_person.sex IS 'M or F';
COMMENT ON COLUMN dim_person.birth_year IS 'Year of birth';
COMMENT ON COLUMN dim_person.residence_dept IS 'Département of residence at the most recent contact, COG code';
COMMENT ON COLUMN dim_person.first_seen_on IS 'Date of the first peer contact';
COMMENT ON COLUMN dim_person.partners_count IS 'Number of partners that reported this person';
