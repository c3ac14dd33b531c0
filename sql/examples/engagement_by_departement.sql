-- People in contact with peer support per département of residence and year (an 'unknown' row for people
-- whose residence no record gives), people new that year, and reach per 100,000 inhabitants.
-- Masked cells (1 to 10 people) stay NULL: never try to recompute them.
SELECT e.year,
       e.departement,
       t.departement_name,
       e.people_active,
       e.people_new,
       e.reach_per_100k
FROM ind_engagement e
LEFT JOIN dim_territory t USING (departement)
WHERE e.level = 'departement' AND e.territory = 'residence'
ORDER BY e.year, e.departement;
