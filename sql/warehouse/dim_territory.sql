-- Territory dimension: département → region, with population, for rates per 100,000 inhabitants.
CREATE OR REPLACE TABLE dim_territory AS
SELECT row_number() OVER (ORDER BY departement) AS territory_sk,
       departement,
       name        AS departement_name,
       region,
       'Auvergne-Rhône-Alpes' AS region_name,
       population,
       population_year
FROM ref_departement;
COMMENT ON TABLE dim_territory IS 'Départements of the region with population (INSEE legal population)';
COMMENT ON COLUMN dim_territory.territory_sk IS 'Surrogate key';
COMMENT ON COLUMN dim_territory.departement IS 'COG département code, text';
COMMENT ON COLUMN dim_territory.departement_name IS 'Département name';
COMMENT ON COLUMN dim_territory.region IS 'COG region code';
COMMENT ON COLUMN dim_territory.region_name IS 'Region name';
COMMENT ON COLUMN dim_territory.population IS 'Legal population';
COMMENT ON COLUMN dim_territory.population_year IS 'Census year of the population';
