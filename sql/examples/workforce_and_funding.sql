-- Positions and FTE per 100,000 inhabitants next to the grants of the same year (region level).
SELECT w.year, w.positions, w.fte, w.fte_per_100k, w.share_permanent, w.share_trained,
       sum(f.amount_eur) AS grants_eur,
       sum(f.amount_eur * f.share_lasting) / sum(f.amount_eur) AS share_lasting
FROM ind_workforce w
LEFT JOIN ind_funding f ON f.level = 'region' AND f.year = w.year
WHERE w.level = 'region'
GROUP BY ALL
ORDER BY w.year;
