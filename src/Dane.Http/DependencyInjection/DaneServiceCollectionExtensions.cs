using DaneHttp;
using DaneHttp.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers HttpClients whose HTTPS connections are authenticated by DNSSEC-validated TLSA records (DANE).</summary>
public static class DaneServiceCollectionExtensions
{
    /// <summary>
    /// Registers the shared DANE services (one validating resolver and cache per container) and <see cref="DaneOptions"/>,
    /// validated when the host starts. A <see cref="DnsSecure.Resolution.ValidatingResolver"/> registered by the caller is used instead of one built from the options.
    /// </summary>
    public static IServiceCollection AddDane(this IServiceCollection services, Action<DaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<DaneOptions> options = services.AddOptions<DaneOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DaneOptions>, DaneOptionsValidator>());
        services.TryAddSingleton<DaneRuntime>();
        return services;
    }

    /// <summary>
    /// Registers the shared DANE services with <see cref="DaneOptions"/> bound from <paramref name="configuration"/>
    /// (usually <c>configuration.GetSection("Dane")</c>; lists such as <c>Servers</c> and <c>TrustAnchors</c> bind from arrays),
    /// validated when the host starts.
    /// </summary>
    public static IServiceCollection AddDane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddDane();
        services.AddOptions<DaneOptions>().Bind(configuration);
        return services;
    }

    /// <summary>A named HttpClient that accepts only DANE-authenticated HTTPS connections.</summary>
    public static IHttpClientBuilder AddDaneHttpClient(this IServiceCollection services, string name, Action<DaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        services.AddDane(configure);
        return services.AddHttpClient(name).AddDaneValidation();
    }

    /// <summary>A typed HttpClient that accepts only DANE-authenticated HTTPS connections.</summary>
    public static IHttpClientBuilder AddDaneHttpClient<TClient>(this IServiceCollection services, Action<DaneOptions>? configure = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDane(configure);
        return services.AddHttpClient<TClient>().AddDaneValidation();
    }

    /// <summary>Makes an existing client's primary handler the DANE transport. Other handlers chain as usual.</summary>
    public static IHttpClientBuilder AddDaneValidation(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDane();
        // Connections end with their TLSA TTL, so the factory need not recycle the handler.
        return builder
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<DaneRuntime>().CreateHandler())
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
    }
}
