-- Full-time days in the 12 months before and after the index date (first peer contact, or drawn for the
-- comparison cohort), region and départements, each cohort with the involuntary-care shares of the same
-- population side by side, and the difference-in-differences of days with its 95 % interval.
-- Cells are joined on every key with IS NOT DISTINCT FROM: structure_id and departement are NULL above
-- the structure level, and a USING join would drop those rows.
SELECT h.level,
       h.departement,
       h.year AS first_contact_year,
       h.cohort,
       h.people,
       h.mean_full_time_days_before,
       h.mean_full_time_days_after,
       h.mean_difference,
       h.did_estimate,
       h.did_ci_low,
       h.did_ci_high,
       i.share_involuntary_before,
       i.share_involuntary_after
FROM ind_hospitalisation h
JOIN ind_involuntary_care i
  ON i.level = h.level AND i.structure_id IS NOT DISTINCT FROM h.structure_id
 AND i.departement IS NOT DISTINCT FROM h.departement AND i.year = h.year AND i.cohort = h.cohort
WHERE h.level IN ('region', 'departement')
ORDER BY h.year, h.level DESC, h.departement, h.cohort;
