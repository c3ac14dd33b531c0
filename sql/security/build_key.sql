-- Which pseudonymization key the person keys of this build were written with: the lake's current key
-- (lake/_pseudonym_keys.json), so an auditor can tell builds of two keys apart without the key itself.
ALTER TABLE build_info ADD COLUMN IF NOT EXISTS pseudonym_key_id VARCHAR;
ALTER TABLE build_info ADD COLUMN IF NOT EXISTS pseudonym_key_fingerprint VARCHAR;
UPDATE build_info SET pseudonym_key_id = '${key_id}', pseudonym_key_fingerprint = '${key_fingerprint}';
COMMENT ON COLUMN build_info.pseudonym_key_id IS 'Id of the pseudonymization key of the person keys (after a rotation, the last key of the chain)';
COMMENT ON COLUMN build_info.pseudonym_key_fingerprint IS 'First 16 hex of SHA-256(HMAC(key, ''pairobs-key-fingerprint'')): names the key without revealing it';
