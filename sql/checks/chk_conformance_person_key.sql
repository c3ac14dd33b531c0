-- family: conformance
-- severity: blocking
-- threshold: 0
-- description: person keys are 64 lower-case hex characters (keyed pseudonyms, never a raw identifier)
SELECT person_sk, person_key
FROM dim_person
WHERE NOT regexp_matches(person_key, '^[0-9a-f]{64}$')
