-- People reached and contacts per département and year, with the reach per 100,000 inhabitants.
-- Masked cells (1 to 10 people or contacts) stay NULL: never try to recompute them.
SELECT e.year,
       e.departement,
       t.departement_name,
       e.people_reached,
       e.contacts,
       e.contacts_per_person,
       round(100000.0 * e.people_reached / t.population, 1) AS reached_per_100k
FROM ind_engagement e
LEFT JOIN dim_territory t USING (departement)
WHERE e.level = 'departement'
ORDER BY e.year, e.departement;
