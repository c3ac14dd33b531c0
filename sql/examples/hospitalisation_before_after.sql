-- Full-time days in the 12 months before and after the first peer contact, region and départements,
-- with the involuntary-care shares of the same population side by side.
SELECT h.level,
       h.departement,
       h.year AS first_contact_year,
       h.people,
       h.mean_full_time_days_before,
       h.mean_full_time_days_after,
       h.mean_difference,
       i.share_involuntary_before,
       i.share_involuntary_after
FROM ind_hospitalisation h
JOIN ind_involuntary_care i USING (level, structure_id, departement, year)
WHERE h.level IN ('region', 'departement')
ORDER BY h.year, h.level DESC, h.departement;
