-- The indicator cells as the open release shows them: every cell the protection masked (release_mask, chosen by
-- fr.pairobs.release.Suppression and checked by the disclosure audit) has all its values NULL, so that a mean or a
-- share never stands beside a masked count. Same name and columns as the research warehouse's ind_cell_masked, so
-- that the research indicator views, replayed over it, give the release tables with the research views' columns.
CREATE OR REPLACE TEMP VIEW ind_cell_masked AS
SELECT i.indicator, i.level, i.structure_id, i.structure_name, i.departement, i.year, i.breakdown, i.measure, i.kind,
       CASE WHEN m.is_masked THEN NULL ELSE i.value END AS value,
       m.is_masked,
       CASE WHEN m.is_masked THEN m.reason END AS mask_reason
FROM w.ind_cell i
JOIN release_mask m
  ON m.indicator = i.indicator AND m.level = i.level AND m.structure_id IS NOT DISTINCT FROM i.structure_id
 AND m.departement = coalesce(i.departement, '') AND m.year IS NOT DISTINCT FROM i.year AND m.breakdown = coalesce(i.breakdown, '');
