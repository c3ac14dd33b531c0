-- Cross-partner linkage of people. Every observed person key is mapped to the key of the person it
-- belongs to. A partner that gives both a NIR and identity traits links the traits key to the NIR
-- key; rows from partners that only give traits (GEMs, associations) then join that person. A traits
-- key seen with two or more different NIR keys (homonyms born the same day) is ambiguous and links
-- nothing: two people with the same name and birth date but different NIRs stay two people.
CREATE OR REPLACE TABLE map_person_link AS
WITH pairs AS (
    SELECT traits_key, person_key AS nir_key
    FROM stg_peer_contacts
    WHERE traits_key IS NOT NULL AND person_key <> traits_key
), links AS (
    SELECT traits_key, min(nir_key) AS nir_key, count(DISTINCT nir_key) AS nir_keys
    FROM pairs
    GROUP BY traits_key
), observed AS (
    SELECT DISTINCT person_key AS source_key FROM stg_peer_contacts
)
SELECT o.source_key,
       CASE WHEN l.nir_keys = 1 THEN l.nir_key ELSE o.source_key END AS person_key,
       CASE WHEN l.nir_keys = 1 THEN 'traits linked to NIR'
            WHEN l.nir_keys > 1 THEN 'ambiguous traits, not linked'
            ELSE 'own key' END AS link_rule
FROM observed o
LEFT JOIN links l ON l.traits_key = o.source_key;
COMMENT ON TABLE map_person_link IS 'Maps every pseudonymous key seen in the lake to the resolved person key (cross-partner linkage)';
COMMENT ON COLUMN map_person_link.source_key IS 'Person key as written by ingest (HMAC of NIR, traits or partner pseudonym)';
COMMENT ON COLUMN map_person_link.person_key IS 'Resolved person key: the NIR-based key when the traits link to exactly one NIR';
COMMENT ON COLUMN map_person_link.link_rule IS 'Why: traits linked to NIR, ambiguous traits not linked, or own key';
