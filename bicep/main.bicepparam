// Example parameters. `azd up` provides AZURE_ENV_NAME, AZURE_LOCATION and ALERT_EMAIL (`azd env set ALERT_EMAIL ...`)
// from its environment; with the Azure CLI, export them yourself or edit the defaults below (README "Deploy to Azure").
using 'main.bicep'

var environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'payouts')

// Resource names allow fewer characters than azd environment names: lowercase letters and digits, at most 11.
param namePrefix = take(toLower(replace(replace(environmentName, '-', ''), '_', '')), 11)
param location = readEnvironmentVariable('AZURE_LOCATION', 'swedencentral')
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param taskHubName = 'payouts'
param controlQueueCount = 4
param logRetentionInDays = 30
param blobRetentionInDays = 30
// Empty: the alert rules are deployed disabled.
param alertEmail = readEnvironmentVariable('ALERT_EMAIL', '')
param tags = {
  environment: environmentName
}
