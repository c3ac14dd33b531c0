package fr.pairobs;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Entry point of the {@code pairobs} command: a Spring Boot application driven by the picocli commands. */
@SpringBootApplication
@EnableConfigurationProperties(PairObsProperties.class)
public class PairObsApplication {
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(PairObsApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        System.exit(SpringApplication.exit(application.run(args)));
    }
}
