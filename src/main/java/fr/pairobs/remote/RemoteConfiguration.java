package fr.pairobs.remote;

import javax.sql.DataSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.pairobs.PairObsProperties;
import fr.pairobs.feed.SpecFingerprint;

/** The remote ingest's beans; nothing connects to the broker until a remote step or a worker runs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RemoteProperties.class)
public class RemoteConfiguration {
    @Bean(destroyMethod = "close")
    RemoteIngest remoteIngest(RemoteProperties remote, PairObsProperties properties, DataSource dataSource, BeanFactory beanFactory,
            @Value("${spring.datasource.url:}") String datasourceUrl) {
        return new RemoteIngest(remote, new Broker(remote, System::getenv), dataSource,
                SpecFingerprint.of(properties.configDir(), properties.jobsDir()), beanFactory, datasourceUrl);
    }
}
