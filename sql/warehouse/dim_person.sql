-- Person dimension: one row per linked person, pseudonymous attributes only.
CREATE OR REPLACE TABLE dim_person AS
-- Two passes over person_observation (rows already aggregated per key written by ingest, sex and
-- partner, see map_person_link.sql): per resolved person and sex (so that the most frequent sex is
-- known without a window over every row), then per person.
WITH per_sex AS (
    SELECT m.person_key, k.sex,
           sum(k.n)                                                                  AS n,
           min(k.birth_year)                                                         AS birth_year,
           max(k.residence_seen_on)                                                  AS residence_seen_on,
           max(k.latest_residence).residence_dept                                    AS residence_dept,
           min(k.first_seen_on)                                                      AS first_seen_on,
           list(DISTINCT k.partner_id)                                               AS partners
    FROM person_observation k
    JOIN map_person_link m ON m.source_key = k.person_key
    WHERE m.person_key IS NOT NULL -- rows linked to nobody make no person
    GROUP BY m.person_key, k.sex
)
SELECT row_number() OVER (ORDER BY person_key)                                     AS person_sk,
       person_key,
       -- the most frequent sex; a tie goes to the first code in order, whatever order rows come in
       arg_max(sex, (n, sex)) FILTER (WHERE sex IS NOT NULL)                       AS sex,
       min(birth_year)                                                             AS birth_year,
       arg_max(residence_dept, (residence_seen_on, residence_dept))
           FILTER (WHERE residence_dept IS NOT NULL)                               AS residence_dept,
       min(first_seen_on)                                                          AS first_seen_on,
       len(list_distinct(flatten(list(partners))))                                 AS partners_count
FROM per_sex
GROUP BY person_key;
COMMENT ON TABLE dim_person IS 'People followed, after cross-partner linkage; pseudonymous (keyed hash), no direct identifier';
COMMENT ON COLUMN dim_person.person_sk IS 'Surrogate key';
COMMENT ON COLUMN dim_person.person_key IS 'HMAC-SHA-256 pseudonym of the NIR (or of identity traits, or of a partner pseudonym)';
COMMENT ON COLUMN dim_person.sex IS 'M or F';
COMMENT ON COLUMN dim_person.birth_year IS 'Year of birth';
COMMENT ON COLUMN dim_person.residence_dept IS 'Département of residence at the most recent record, COG code';
COMMENT ON COLUMN dim_person.first_seen_on IS 'Date of the first record of any kind';
COMMENT ON COLUMN dim_person.partners_count IS 'Number of partners that reported this person';
-- Every key written by ingest with the surrogate of the person it resolves to: the facts join this
-- once instead of the link map and then the dimension. A temporary table, not published.
CREATE OR REPLACE TEMP TABLE person_sk_of_key AS
SELECT m.source_key, p.person_sk
FROM map_person_link m
JOIN dim_person p ON p.person_key = m.person_key;
