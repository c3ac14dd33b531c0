-- Staging of the peer_contacts lake dataset: renames and casts only, and supersession.
-- A partner re-sending an export for the same period replaces the earlier one: only the latest
-- file (by landing time, then checksum for determinism) of each (partner, period) is kept.
-- Temporary: the staging layer is not published (it would keep lake paths in the warehouse).
CREATE OR REPLACE TEMP VIEW stg_peer_contacts AS
WITH ranked AS (
    SELECT *,
           dense_rank() OVER (PARTITION BY _partner, _period ORDER BY _pulled_at DESC, _source_sha256 DESC) AS export_rank
    FROM lake_peer_contacts
)
SELECT contact_id,
       worker_code,
       structure_id,
       contact_on,
       modality,
       minutes,
       setting,
       person_key,
       person_key_id,
       traits_key,
       sex,
       birth_year,
       residence_dept,
       _partner          AS partner_id,
       _feed             AS feed_id,
       _source_sha256    AS source_sha256,
       _source_line      AS source_line,
       _period           AS period,
       _pulled_at        AS pulled_at,
       _job_execution_id AS job_execution_id
FROM ranked
WHERE export_rank = 1;
